import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Turns a request into a server-sent event stream: headers, a first comment, a heartbeat every 25 s (so
 * proxies keep it open), and `follow`'s stop function called when the client goes away. `follow` gets the
 * function that sends one event.
 */
export function openEventStream(
  req: FastifyRequest,
  reply: FastifyReply,
  follow: (send: (event: string, data: unknown) => void) => () => void,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': connected\n\n');
  const stop = follow((event, data) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), 25_000);
  req.raw.on('close', () => {
    clearInterval(heartbeat);
    stop();
  });
}
