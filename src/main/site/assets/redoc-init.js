// ReDoc on this gateway's own spec (the bundle is served from the jar; its CDN logo is rewritten to the jar's).
'use strict';
window.addEventListener('DOMContentLoaded', function () {
  Redoc.init('/openapi.json', {
    expandResponses: '200',
    pathInMiddlePanel: true,
    scrollYOffset: 'header.topbar'
  }, document.getElementById('redoc'));
});
