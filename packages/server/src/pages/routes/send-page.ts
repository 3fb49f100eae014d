import type { FastifyReply } from 'fastify';
import type { SafeHtml } from '../html.js';

/** Sends a rendered page as UTF-8 HTML (the page headers are added by the plugin's onSend hook). */
export function sendPage(reply: FastifyReply, page: SafeHtml): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page.toString());
}
