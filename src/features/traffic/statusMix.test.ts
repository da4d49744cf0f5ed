import { describe, expect, it } from 'vitest';
import { addStatus, emptyStatusMix } from './statusMix';

describe('addStatus', () => {
  it('puts each status in its class, at the class edges too', () => {
    const mix = emptyStatusMix();
    for (const status of [101, 199, 200, 299, 300, 399, 400, 499, 500, 599, null])
      addStatus(mix, status);
    expect(mix).toEqual({ info: 2, ok: 2, redirect: 2, clientError: 2, serverError: 2, failed: 1 });
  });
});
