// The appointments import form: a CSV or JSON file chosen here is read in the
// browser into the form's text box, which is what is sent (the console takes
// no multipart uploads). Without this script the file's text is pasted instead.
(function () {
  'use strict';
  var file = document.getElementById('import-file');
  var box = document.getElementById('import-csv');
  if (!file || !box || !window.FileReader) return;
  file.addEventListener('change', function () {
    if (!file.files || !file.files[0]) return;
    var reader = new FileReader();
    reader.onload = function () { box.value = reader.result; };
    reader.readAsText(file.files[0], 'utf-8');
  });
})();
