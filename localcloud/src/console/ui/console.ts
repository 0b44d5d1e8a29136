// The console page: six tabs over /console/api/*. The tab lives in the URL hash (#functions) so
// a reload or a link keeps it.
import { collectionsPanel } from './collections';
import { functionsPanel } from './functions';
import { outboxPanel } from './outbox';
import { storagePanel } from './storage';
import { wordsPanel } from './words';
import { indexesPanel } from './indexes';

const panel = (id: string) => document.getElementById(`panel-${id}`)!;
const tabs: Record<string, { show(): void }> = {
  collections: collectionsPanel(panel('collections')),
  functions: functionsPanel(panel('functions')),
  outbox: outboxPanel(panel('outbox')),
  storage: storagePanel(panel('storage')),
  words: wordsPanel(panel('words')),
  indexes: indexesPanel(panel('indexes')),
};

function open(name: string): void {
  const tab = tabs[name] ? name : 'collections';
  for (const id of Object.keys(tabs)) panel(id).hidden = id !== tab;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.classList.toggle('active', b.dataset.tab === tab);
  if (location.hash !== `#${tab}`) history.replaceState(null, '', `#${tab}`);
  tabs[tab].show();
}

for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.addEventListener('click', () => open(b.dataset.tab!));
open(location.hash.slice(1));
document.body.dataset.consoleReady = 'true';
