// Boost.URL (in Debian's Boost 1.81 headers, without a compiled library): its
// sources are built here, once, for the listener's target and form parsing.
#include <boost/url/src.hpp>
