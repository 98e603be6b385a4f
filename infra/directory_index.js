// CloudFront Function (viewer request). The site is MkDocs output in a private S3 bucket, read
// through origin access control: S3's REST endpoint has no directory index, so "/fr/track/" is
// served from "/fr/track/index.html". A directory without its slash is redirected to it (with its
// query string, which carries a tracking reference), so the page's relative links resolve.
function querySuffix(querystring) {
  var parts = [];
  Object.keys(querystring).forEach(function (name) {
    var entry = querystring[name];
    var values = entry.multiValue ? entry.multiValue : [entry];
    values.forEach(function (item) {
      parts.push(item.value === '' ? name : name + '=' + item.value);
    });
  });
  return parts.length ? '?' + parts.join('&') : '';
}

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: uri + '/' + querySuffix(request.querystring) } },
    };
  }
  return request;
}
