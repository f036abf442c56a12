// Swagger UI on this gateway's own spec. The spec's servers name the URL this page came from, so "Try it out"
// calls this gateway; the API key is entered once in "Authorize" and kept only for this tab (not persisted).
'use strict';
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    validatorUrl: null, // the default badge asks validator.swagger.io: nothing may leave the gateway
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
