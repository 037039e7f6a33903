// read.mjs PACKAGE: reads an Anki package with the npm package anki-reader
// (an independent reader) and prints what it found as JSON: decks with
// their cards' fields, note type names, the revlog's size, and the notes
// whose checksum is not the SHA-1 of their first field without HTML.
// The packages are looked up in the node_modules folder $ONTAP_ANKI_NODE.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const require = createRequire(join(process.env.ONTAP_ANKI_NODE, 'x.js'));
const { readAnkiPackage } = await import(require.resolve('anki-reader'));

const { collection } = await readAnkiPackage(new Blob([readFileSync(process.argv[2])]));
const one = sql => collection.db.exec(sql)[0].values;
const models = JSON.parse(one('SELECT models FROM col')[0][0]);
const out = { decks: {}, models: Object.values(models).map(m => m.name).sort(), revlog: 0, badChecksums: 0 };
for (const deck of Object.values(collection.getDecks())) {
  const cards = Object.values(deck.getCards()).map(c => c.getFields());
  if (cards.length > 0) out.decks[deck.getName()] = cards;
}
out.revlog = one('SELECT count(*) FROM revlog')[0][0];
const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
for (const [flds, csum] of one('SELECT flds, csum FROM notes')) {
  const first = unescape(flds.split('\x1f')[0].replace(/<[^>]*>/g, ''));
  const want = parseInt(createHash('sha1').update(first).digest('hex').slice(0, 8), 16);
  if (want !== csum) out.badChecksums++;
}
console.log(JSON.stringify(out));
