// Renders /openapi/v1.json with Swagger UI, served from this app (no CDN). The validator badge is off: it would call
// validator.swagger.io, and the tracker must work offline.
window.SwaggerUIBundle({
  url: "/openapi/v1.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  docExpansion: "list",
  defaultModelsExpandDepth: 1,
  displayRequestDuration: true,
});
