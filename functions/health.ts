// GET /api/health: liveness of the Functions app (no dependencies touched, answers from day one).
import type { HttpResponseInit } from '@azure/functions';

const startedAt = new Date().toISOString();

export async function health(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: { status: 'ok', startedAt, version: process.env.npm_package_version ?? '0.1.0' } };
}
