import { readBody, RouteHandler, sendJson } from './http';
import { SimulatorClock } from './clock';
import { Fault, FAULT_KINDS, FaultKind, Faults } from './faults';

const badRequest = (message: string) => ({ status: 400, message });

function parseFault(
  body: Record<string, unknown>,
): Fault | { status: number; message: string } {
  if (!FAULT_KINDS.includes(body.kind as FaultKind))
    return badRequest(`kind: must be one of ${FAULT_KINDS.join(', ')}`);
  if (
    typeof body.target !== 'string' ||
    !/^[a-z0-9]([a-z0-9./-]*[a-z0-9])?$/.test(body.target)
  )
    return badRequest(
      'target: must be a certificate (team/name or name), issuer or team name',
    );
  return { kind: body.kind as FaultKind, target: body.target };
}

/**
 * The simulator's own API for demos and tests:
 * `GET /_simulator/state`, `POST /_simulator/clock` `{ rate?, advanceSeconds? }`,
 * `POST /_simulator/faults` `{ kind, target }`, `DELETE /_simulator/faults`
 * (all, or one with `?kind=&target=`), and `GET /metrics`.
 */
export function controlHandler(options: {
  clock: SimulatorClock;
  faults: Faults;
  state: () => Record<string, unknown>;
  metrics: () => string;
  /** Runs the controllers once (after a clock jump, so the change shows at once). */
  step: () => Promise<void>;
}): RouteHandler {
  const { clock, faults } = options;
  return async (req, res, url) => {
    if (url.pathname === '/metrics' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
      res.end(options.metrics());
      return true;
    }
    if (!url.pathname.startsWith('/_simulator/')) return false;
    const route = `${req.method} ${url.pathname}`;
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        sendJson(res, 400, { error: 'body: must be JSON' });
        return true;
      }
    }
    if (route === 'GET /_simulator/state') {
      sendJson(res, 200, options.state());
    } else if (route === 'POST /_simulator/clock') {
      const { rate, advanceSeconds } = body;
      if (
        rate !== undefined &&
        !(typeof rate === 'number' && rate >= 0 && rate <= 10_000_000)
      ) {
        sendJson(res, 400, {
          error: 'rate: must be a number from 0 to 10000000',
        });
        return true;
      }
      if (
        advanceSeconds !== undefined &&
        !(typeof advanceSeconds === 'number' && advanceSeconds >= 0)
      ) {
        sendJson(res, 400, { error: 'advanceSeconds: must be a number >= 0' });
        return true;
      }
      if (typeof rate === 'number') clock.setRate(rate);
      if (typeof advanceSeconds === 'number')
        clock.advance(advanceSeconds * 1000);
      await options.step();
      sendJson(res, 200, {
        now: new Date(clock.now()).toISOString(),
        rate: clock.rate,
      });
    } else if (route === 'POST /_simulator/faults') {
      const fault = parseFault(body);
      if ('status' in fault) {
        sendJson(res, fault.status, { error: fault.message });
        return true;
      }
      faults.add(fault);
      await options.step();
      sendJson(res, 201, { faults: faults.list() });
    } else if (route === 'DELETE /_simulator/faults') {
      const kind = url.searchParams.get('kind');
      if (kind) {
        const fault = parseFault({
          kind,
          target: url.searchParams.get('target'),
        });
        if ('status' in fault) {
          sendJson(res, fault.status, { error: fault.message });
          return true;
        }
        faults.remove(fault);
      } else faults.clear();
      await options.step();
      sendJson(res, 200, { faults: faults.list() });
    } else {
      sendJson(res, 404, { error: `${route}: no such simulator route` });
    }
    return true;
  };
}
