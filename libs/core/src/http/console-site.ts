import express from 'express';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AppError, NotFoundError } from '../errors/app-error';
import { sendError } from './error-handler';

/** Where the web console is served: `_` first, so no index name can take it. */
export const CONSOLE_PATH = '/_console';

/** Serves a built single-page app under {@link CONSOLE_PATH}. */
export type ConsoleSite = (req: IncomingMessage, res: ServerResponse) => void;

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Nothing from another origin: the console's assets, its own API calls, inline SVG and styles.
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', CSP);
  res.setHeader('referrer-policy', 'no-referrer');
}

/**
 * Static files with content types, ETags and cache headers from serve-static (via `express.static`):
 * content-hashed `assets/*` are immutable, everything else is revalidated. A path without a file behind it gets
 * `index.html` (the app routes by hash, so any deep link still lands on the app), and `assets/<file>` is found at
 * any depth because the page's asset URLs are relative (it works under a reverse proxy's base path).
 */
export function createConsoleSite(dir: string | undefined): ConsoleSite {
  // Checked per request, not at boot: a console built (or rebuilt) after the gateway started is served.
  const built = () => dir !== undefined && existsSync(join(dir, 'index.html'));
  const files = dir
    ? express.static(dir, {
        index: false,
        redirect: false,
        fallthrough: true,
        setHeaders: (res, path) => res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache'),
      })
    : undefined;
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === CONSOLE_PATH) {
      // Relative, so `/base/_console` behind a proxy goes to `/base/_console/`.
      res.statusCode = 308;
      res.setHeader('location', `_console/${q < 0 ? '' : url.slice(q)}`);
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 'gateway', new AppError(405, `${req.method} is not allowed on ${CONSOLE_PATH}/: use GET or HEAD`, { code: 'method_not_allowed', headers: { allow: 'GET, HEAD' } }));
    }
    if (!files || !built()) return sendError(res, 'gateway', new NotFoundError('the console is not built: run `npx nx run console:build`'));
    setSecurityHeaders(res);
    const rest = path.slice(CONSOLE_PATH.length);
    const asset = /\/assets\/[^/]+$/.exec(rest);
    req.url = asset ? asset[0] : rest;
    files(req as never, res as never, (err?: { status?: number; message?: string }) => {
      if (err) return sendError(res, 'gateway', new AppError(err.status ?? 400, `bad console path ${rest}`, { code: 'bad_path' }));
      if (asset || /\.[a-z0-9]+$/i.test(rest)) return sendError(res, 'gateway', new NotFoundError(`no console file ${rest}`));
      req.url = '/index.html';
      files(req as never, res as never, () => sendError(res, 'gateway', new NotFoundError('the console has no index.html')));
    });
  };
}

/** True for `GET /` from a browser (it asks for HTML); API clients keep OpenSearch's root JSON. */
export function wantsConsole(req: IncomingMessage, path: string): boolean {
  if (path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  return /\btext\/html\b/i.test(String(req.headers.accept ?? ''));
}

/** Sends a browser at `/` to the console, relative so it holds under a base path. */
export function redirectToConsole(res: ServerResponse): void {
  res.statusCode = 302;
  res.setHeader('location', '_console/');
  res.setHeader('vary', 'accept');
  res.end();
}
