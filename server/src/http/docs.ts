import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The OpenAPI document and a readable page of it that needs nothing from the internet. */
export function docsRoutes(root: FastifyInstance): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => root.swagger());
    app.get('/api/docs', { schema: { hide: true } }, async (_req, reply) => {
      const spec = root.swagger() as { info: { title: string; description?: string }; paths: Record<string, Record<string, Operation>> };
      const byTag = new Map<string, string[]>();
      for (const [route, methods] of Object.entries(spec.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const tag = op.tags?.[0] ?? 'other';
          const params = (op.parameters ?? [])
            .map((p) => `<li><code>${escapeHtml(p.name)}</code> <small>${p.in}${p.required ? ', required' : ''}</small></li>`)
            .join('');
          const body = op.requestBody?.content
            ? Object.entries(op.requestBody.content)
                .map(
                  ([type, c]) =>
                    `<details><summary>body <small>${escapeHtml(type)}</small></summary><pre>${escapeHtml(JSON.stringify(c.schema, null, 2))}</pre></details>`,
                )
                .join('')
            : '';
          const responses = Object.keys(op.responses ?? {}).join(' · ');
          const html = `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(route)}</code></h3><p>${escapeHtml(op.summary ?? '')}</p>${params ? `<ul>${params}</ul>` : ''}${body}<p><small>responses: ${responses}</small></p></section>`;
          byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
        }
      }
      const sections = [...byTag.entries()]
        .map(([tag, ops]) => `<h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('')}`)
        .join('');
      const nav = [...byTag.keys()].map((tag) => `<a href="#${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
      return reply.type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(spec.info.title)}</title>
<style>body{font:15px/1.5 system-ui,"WenQuanYi Zen Hei",sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1f2328}h2{border-bottom:1px solid #ddd;margin-top:2em}section{border:1px solid #e5e7eb;border-radius:6px;padding:.5em 1em;margin:.8em 0}h3{margin:.3em 0;font-size:15px}.m{display:inline-block;min-width:4em;color:#fff;border-radius:4px;padding:0 .4em;text-align:center;font-size:12px}.get{background:#1677ff}.post{background:#52c41a}.patch{background:#fa8c16}.delete{background:#f5222d}pre{background:#f6f8fa;padding:.5em;overflow:auto;font-size:12px}</style></head>
<body><h1>${escapeHtml(spec.info.title)}</h1><p>${escapeHtml(spec.info.description ?? '')}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)</p><nav>${nav}</nav>${sections}</body></html>`);
    });
  };
}
