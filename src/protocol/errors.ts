/** Stable machine-readable error codes, shared by server and clients. Never rename one: clients match on them. */
export const ERROR_CODES = {
  invalid_json: 'The frame is not valid JSON.',
  invalid_utf8: 'The frame is not valid UTF-8.',
  invalid_message: 'The message is not an object, or a field is missing or has the wrong type.',
  unknown_action: 'The action is not one the server knows.',
  frame_too_large: 'The frame is larger than the maximum frame size; the connection is closed.',
  frame_timeout: 'A frame was started but not finished in time; the connection is closed.',
  handshake_timeout: 'The client did not identify itself in time; the connection is closed.',
  unsupported_version: 'The client asked for a protocol version the server does not speak.',
  not_connected: 'Send connect first.',
  already_connected: 'This connection is already identified.',
  invalid_nick: 'The nickname is empty, too long or has characters that are not allowed.',
  nick_in_use: 'Somebody else has that nickname.',
  invalid_room: 'The room name is empty, too long or has characters that are not allowed.',
  no_such_room: 'The room does not exist.',
  not_in_room: 'Join the room first.',
  no_such_user: 'Nobody has that nickname.',
  message_too_long: 'The message text is longer than the server allows.',
  empty_message: 'The message text is empty.',
  topic_too_long: 'The topic is longer than the server allows.',
  invalid_key: 'The idempotency key is empty or too long.',
  invalid_cursor: 'The history cursor is not a valid sequence number or combination.',
  rate_limited: 'Too many messages or changes; slow down.',
  too_many_rooms: 'The client is in as many rooms as the server allows; leave one first.',
  too_many_requests: 'Too many requests of this kind are unanswered; wait for their answers.',
  too_many_connections: 'Too many connections from this address; the connection is closed.',
  slow_consumer: 'The client did not read fast enough; the connection is closed.',
  server_shutdown: 'The server is shutting down.',
  internal_error: 'The server failed to handle the request; it is logged.',
} as const;

/** One of the stable error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether a string is one of the stable error codes. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
