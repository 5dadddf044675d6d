// Nothing: the target exists to make the precompiled headers every other target reuses (CMakeLists.txt).
