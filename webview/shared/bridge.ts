/**
 * The page's side of a panel protocol: every incoming message is checked by zod before the panel
 * sees it, outgoing messages are typed, and the handshake (`ready`) is sent once listeners exist.
 */
import type { z } from 'zod';
import { parseMessage, SUBJECT_KEY, subjectOfState, SubjectMessage } from '../../src/protocol/common';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class Bridge<In, Out extends { type: string }> {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  /** What the panel shows, kept beside the page's own state for the panel's serializer. */
  private subject: unknown;

  constructor(
    private readonly incoming: z.ZodType<In>,
    private readonly handle: (message: In) => void,
  ) {
    // The saved subject is newer than the page's (the host may have changed it since it wrote the page).
    const attr = document.body?.dataset.panelSubject;
    this.subject = subjectOfState(this.api.getState()) ?? (attr === undefined ? undefined : (JSON.parse(attr) as unknown));
    if (this.subject !== undefined) this.save(this.stored());
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    window.addEventListener('error', (e) => this.reportError(e.message));
  }

  /** Tells the host that the page is listening. */
  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  post(message: Out | { type: 'error'; message: string }): void {
    this.api.postMessage(message);
  }

  /** Restores what setState stored, if it passes `schema` (state from an older page is dropped). */
  restore<S extends z.ZodType>(schema: S): z.output<S> | undefined {
    const r = schema.safeParse(this.api.getState());
    return r.success ? r.data : undefined;
  }

  save(state: unknown): void {
    this.api.setState(this.subject === undefined || !state || typeof state !== 'object' ? state : { ...state, [SUBJECT_KEY]: this.subject });
  }

  /** The page's own saved state, without the subject. */
  private stored(): unknown {
    const s = this.api.getState();
    if (!s || typeof s !== 'object') return {};
    return Object.fromEntries(Object.entries(s).filter(([k]) => k !== SUBJECT_KEY));
  }

  /** Milliseconds the last incoming message took to check (the benchmarks read it). */
  lastParseMs = 0;

  receive(data: unknown): void {
    const subject = SubjectMessage.safeParse(data);
    if (subject.success) {
      this.subject = subject.data.subject;
      this.save(this.stored());
      return;
    }
    const t0 = performance.now();
    const r = parseMessage(this.incoming, data);
    this.lastParseMs = performance.now() - t0;
    if (!r.ok) {
      this.reportError(r.error);
      return;
    }
    try {
      this.handle(r.message);
    } catch (err) {
      this.reportError(`while handling "${(r.message as { type?: string }).type}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private reportError(message: string): void {
    console.error(message);
    this.api.postMessage({ type: 'error', message });
  }
}
