/**
 * Whether any byte of a request may have reached the server: the one fact that decides if a POST
 * may be sent again after a network failure (README.md "Network behaviour").
 *
 * The error code alone cannot say. ECONNRESET, "other side closed" and a timeout happen as well
 * during the TLS handshake (nothing of the request sent) as after the body went out (the server may
 * have acted on it). undici knows: it calls the handler's onConnect (onRequestStart in its newer
 * handler API) on the connected, handshaken socket immediately before it writes the request line,
 * and never before. A request whose handler was never told has not been written anywhere, whether
 * the connection was refused, the name did not resolve, the handshake failed or a proxy refused
 * the tunnel. So each attempt goes through a dispatcher that notes that call.
 */
import type { Dispatcher } from 'undici';

/** A dispatcher for one attempt, and whether that attempt's request began to be written. */
export interface SendWatch {
  dispatcher: Dispatcher;
  /** True once undici was about to write the request: from then on the server may have it. */
  written(): boolean;
}

// Both handler APIs: undici's request() hands the dispatcher a legacy handler today, and the
// translation layers may hand a new-style one; whichever is called first marks the request written.
const START_HOOKS: ReadonlySet<PropertyKey> = new Set(['onConnect', 'onRequestStart']);

/** Watch one attempt through `base`; the returned dispatcher is used for that attempt only. */
export function watchSend(base: Dispatcher): SendWatch {
  let written = false;
  const watched = base.compose((dispatch) => (opts, handler) => {
    // A transparent view of undici's handler: every member is the handler's own (methods bound to
    // it, so its private fields still work); only the start hook also notes the write.
    const view = new Proxy(handler, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (!START_HOOKS.has(prop)) return fn.bind(target);
        return (...args: unknown[]) => {
          written = true;
          return fn.apply(target, args);
        };
      },
    });
    return dispatch(opts, view);
  });
  return { dispatcher: watched, written: () => written };
}
