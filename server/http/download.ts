/** Sending a file as a download: safe headers for any (attacker-chosen) name. */
import type { FastifyReply } from 'fastify';

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function sendDownload(
  reply: FastifyReply,
  name: string,
  body: Buffer,
  contentType = 'application/octet-stream',
): FastifyReply {
  return reply
    .header('Content-Type', contentType)
    .header('Content-Length', String(body.length))
    .header('Content-Disposition', contentDisposition(name))
    .header('Cache-Control', 'private, no-store')
    .send(body);
}
