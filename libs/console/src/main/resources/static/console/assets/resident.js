// Progressive only: the form works without this. It offers the browser's location and stops a seventh photo early.
(function () {
  var locate = document.getElementById('locate');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        document.getElementById('latitude').value = p.coords.latitude.toFixed(6);
        document.getElementById('longitude').value = p.coords.longitude.toFixed(6);
        locate.textContent = locate.textContent + ' ✓';
        locate.disabled = true;
      });
    });
  }
  var photos = document.getElementById('photos');
  if (photos) {
    photos.addEventListener('change', function () {
      var tooMany = photos.files.length > 6, tooLarge = Array.prototype.some.call(photos.files, function (f) { return f.size > 10485760; });
      photos.setCustomValidity(tooMany ? '最多 6 张照片 / at most 6 photos' : tooLarge ? '每张照片最大 10 MB / 10 MB per photo' : '');
      photos.reportValidity();
    });
  }
})();
