// write.mjs OUT: writes an Anki package with the npm package
// anki-apkg-export (an independent writer): two basic notes with HTML,
// tags and an image.
// The package is looked up in the node_modules folder $ONTAP_ANKI_NODE.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const AnkiExport = createRequire(join(process.env.ONTAP_ANKI_NODE, 'x.js'))('anki-apkg-export').default;
const apkg = new AnkiExport('Written by Node');
apkg.addMedia('flag.png', Buffer.from('not really a picture'));
apkg.addCard('Capital of <b>Vietnam</b>?', 'Hà&nbsp;Nội', { tags: ['geo', 'asia'] });
apkg.addCard('Flag <img src="flag.png" />', 'red, a yellow star');
writeFileSync(process.argv[2], await apkg.save(), 'binary');
