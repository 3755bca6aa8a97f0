import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI 3 document of every route, served at /api/openapi.json, with Swagger UI at /api/docs. */
export function setupOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Credential Pulse API')
    .setDescription(
      'Labor-market analytics for micro-credentials. Metric endpoints share the filters from, to, region, naics, soc, cip, skill, ' +
        'credential, provider, groupBy, granularity, limit and answer with one envelope (rows, totals, truncated, suppressedCells, k, ' +
        'methodVersion, taxonomyVersions, dataAsOf, demo). Errors are RFC 9457 application/problem+json.',
    )
    .setVersion(version)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .addCookieAuth('cp_session')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', raw: ['json'] });
}
