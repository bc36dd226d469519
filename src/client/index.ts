// The SDK's public API (parley/client). Everything here runs in browsers and Node; TCP and TLS load on demand.
export { ChatClient } from './client.js';
export type { ChatClientOptions } from './client.js';
export { ParleyError, ServerError, ClientError } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { defaultTransport } from './transport.js';
export type {
  Transport,
  TransportFactory,
  TransportHandlers,
  TransportOptions,
  TlsOptions,
} from './transport-types.js';
export type { Listener } from './emitter.js';
export type * from './types.js';
export type { ErrorCode } from '../protocol/errors.js';
export type { Limits } from '../protocol/limits.js';
export { ERROR_CODES } from '../protocol/errors.js';
export { nickProblem, roomProblem } from '../protocol/names.js';
