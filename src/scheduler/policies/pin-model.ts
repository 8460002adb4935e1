/** A job's request pinned to one device model: what model-choosing policies hand to placement. */
import type { JobRequest } from '../api';

// The request pinned to each model, made once per job and model (rounds ask again and again).
const pinned = new WeakMap<JobRequest, Map<string, JobRequest>>();

export function withModel(req: JobRequest, model: string): JobRequest {
  if (req.deviceModel === model) return req;
  let byModel = pinned.get(req);
  if (!byModel) pinned.set(req, (byModel = new Map()));
  let r = byModel.get(model);
  if (!r) byModel.set(model, (r = Object.freeze({ ...req, deviceModel: model })));
  return r;
}
