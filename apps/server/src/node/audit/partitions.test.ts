import { describe, expect, it } from 'vitest';
import { monthPartitions } from './partitions.js';

describe('monthPartitions', () => {
  it('names this month and the next in UTC, with [from, to) bounds that meet, across a year end', () => {
    const [dec, jan] = monthPartitions(Date.parse('2026-12-31T23:59:59.999Z'));
    expect(dec).toEqual({ name: 'audit_events_y2026m12', from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') });
    expect(jan).toEqual({ name: 'audit_events_y2027m01', from: dec!.to, to: Date.parse('2027-02-01T00:00:00Z') });
  });
});
