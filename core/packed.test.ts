import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked, type PackedFormat } from './packed.js';

const SCHEMA = { bytes: 'u8', shorts: 'u16', words: 'u32' } as const;
const FORMAT: PackedFormat<typeof SCHEMA> = { schema: SCHEMA, magic: 0x54534554, version: 3, label: 'test cache' };

describe('packed sections', () => {
  const arrays = { bytes: Uint8Array.from([1, 2, 3]), shorts: Uint16Array.from([500, 65535]), words: Uint32Array.from([0, 4_000_000_000, 7]) };

  it('reads back what it wrote, section by section, also from an unaligned copy', () => {
    const packed = encodePacked(FORMAT, arrays);
    expect(decodePacked(FORMAT, packed)).toEqual(arrays);
    const unaligned = Buffer.concat([Buffer.alloc(1), packed]).subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(decodePacked(FORMAT, unaligned)).toEqual(arrays);
  });

  it('refuses another format, another version, and a truncated file, naming the file kind', () => {
    const packed = encodePacked(FORMAT, arrays);
    expect(() => decodePacked({ ...FORMAT, version: 4 }, packed)).toThrow(/test cache: wrong magic or format version/);
    expect(() => decodePacked({ ...FORMAT, magic: 1 }, packed)).toThrow(/wrong magic/);
    expect(() => decodePacked(FORMAT, packed.subarray(0, packed.length - 8))).toThrow(/test cache: section words is truncated/);
    expect(() => decodePacked(FORMAT, Buffer.from('junk'))).toThrow(/test cache: file too short/);
  });
});
