import { describe, expect, it } from 'vitest';
import { REDACTED, redactDetectorSpec, redactUrl, scrubSecrets, secretsOf, wasRedacted } from './redact.js';

const spec = {
  type: 'http',
  url: 'https://user:hunter22@api.example.org/score?token=abcd1234&v=2',
  headers: { Authorization: 'Bearer sk-live-0123456789', 'X-Team': 'forensics' },
  env: { API_KEY: 'k-9876543210' },
};

describe('redaction', () => {
  it('keeps names and keys, drops values, credentials and query values', () => {
    const stored = redactDetectorSpec(spec);
    const text = JSON.stringify(stored);
    for (const secret of ['hunter22', 'sk-live-0123456789', 'k-9876543210', 'abcd1234', 'forensics']) expect(text).not.toContain(secret);
    expect(stored.headers).toEqual({ Authorization: REDACTED, 'X-Team': REDACTED });
    expect(stored.env).toEqual({ API_KEY: REDACTED });
    expect(stored.url).toBe(`https://api.example.org/score?token=${encodeURIComponent(REDACTED)}&v=${encodeURIComponent(REDACTED)}`);
    expect(wasRedacted(spec)).toBe(true);
    expect(wasRedacted('winnowing')).toBe(false);
    expect(wasRedacted({ type: 'exec', command: ['python3', 'det.py'] })).toBe(false);
  });

  it('leaves a plain URL alone', () => {
    expect(redactUrl('http://127.0.0.1:8080/score')).toBe('http://127.0.0.1:8080/score');
  });

  it('scrubs secrets out of free text such as an HTTP error', () => {
    const message = 'POST https://user:hunter22@api.example.org/score?token=abcd1234 failed: 401 for Bearer sk-live-0123456789';
    const clean = scrubSecrets(message, secretsOf(spec));
    for (const secret of ['hunter22', 'sk-live-0123456789', 'abcd1234']) expect(clean).not.toContain(secret);
  });
});
