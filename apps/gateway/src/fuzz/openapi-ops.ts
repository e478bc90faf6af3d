import type { Family, JsonSchema, Operation } from './operations';

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}
/** The part of the gateway's OpenAPI document the suite reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

function familyOf(template: string): Family {
  if (template.startsWith('/_plugins/_replication')) return 'ccr';
  if (template.startsWith('/api/v2') || template === '/write') return 'influx';
  if (template.includes('/ingestion/')) return 'ingestion';
  if (template.startsWith('/api/')) return 'hq';
  return 'gateway';
}

// POSTs that only read, whatever their method says (HQ's query console, a dry-run validation).
function isRead(method: string, template: string): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'POST' && (template.startsWith('/api/query/') || template.endsWith('/validate'));
}

function bodyOf(op: OpenApiOperation, template: string): Operation['body'] {
  if (template === '/api/v2/write' || template === '/write') return { kind: 'line-protocol' };
  const content = op.requestBody?.content ?? {};
  const type = Object.keys(content)[0];
  if (!type) return { kind: 'none' };
  return { kind: 'schema', contentType: type, schema: content[type].schema ?? {} };
}

/** Every operation of the OpenAPI document, grouped by family. */
export function operationsFromOpenApi(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      const method = m.toUpperCase();
      const query = (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: p.required, values: p.schema?.enum?.map(String) }));
      out.push({ family: familyOf(template), method, template, query, body: bodyOf(op, template), read: isRead(method, template) });
    }
  }
  return out;
}
