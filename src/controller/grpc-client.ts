/** What the manager's gRPC clients (of agents, of a control plane) share: channel settings and the token header. */
import * as grpc from '@grpc/grpc-js';

/** Keepalives that notice a dead peer within seconds, and reconnects that retry within seconds too. */
export function channelOptions(maxReceiveBytes: number): grpc.ChannelOptions {
  return {
    'grpc.max_receive_message_length': maxReceiveBytes,
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    // A peer back after an outage is seen within seconds (grpc-js backs off up to 2 minutes by default).
    'grpc.initial_reconnect_backoff_ms': 500,
    'grpc.max_reconnect_backoff_ms': 5_000,
  };
}

/** `authorization: Bearer <token>` (nothing without a token). */
export function bearer(token: string | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return md;
}

/** A server stream as an async iterable: cancelled when `signal` aborts (then it just ends) or the reader stops. */
export async function* streamOf<T>(call: grpc.ClientReadableStream<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const onAbort = () => call.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of call) yield chunk as T;
  } catch (err) {
    if (signal?.aborted && (err as grpc.ServiceError).code === grpc.status.CANCELLED) return;
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    call.cancel();
  }
}
