// ReDoc on this gateway's own spec (the bundle is served from the jar; its CDN logo is rewritten to the jar's).
'use strict';
window.addEventListener('DOMContentLoaded', function () {
  // The page's Content-Security-Policy allows style elements with this one-time nonce only (see PageHeaders).
  var nonce = document.querySelector('meta[name="csp-nonce"]').getAttribute('content');
  Redoc.init('/openapi.json', {
    nonce: nonce,
    expandResponses: '200',
    pathInMiddlePanel: true,
    scrollYOffset: 'header.topbar'
  }, document.getElementById('redoc'));
});
