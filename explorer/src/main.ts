// The explorer's entry: the node endpoint (`?rpc=ws://…`, default ws://127.0.0.1:9944), the
// search box and the hash router (#/model/7, #/dataset/3, #/search/<text>, #/verify, #/drop):
// every page is a shareable URL.
import './style.css';
import { Rpc } from './rpc';
import { problem } from './dom';
import { datasetPage, homePage, modelPage, searchPage } from './pages';
import { verifyPage } from './verify';
import { dropPage } from './drop';

const endpoint = new URLSearchParams(location.search).get('rpc') ?? 'ws://127.0.0.1:9944';
const rpc = new Rpc(endpoint);
const page = document.getElementById('page') as HTMLElement;
(document.getElementById('endpoint') as HTMLElement).textContent = `node: ${endpoint}`;

const search = document.getElementById('search') as HTMLFormElement;
search.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = (document.getElementById('query') as HTMLInputElement).value.trim();
  if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
});

async function route(): Promise<void> {
  const [, view, arg] = location.hash.replace(/^#/, '').split('/');
  const id = Number(arg);
  try {
    if (view === 'model' && Number.isSafeInteger(id)) await modelPage(page, rpc, id);
    else if (view === 'dataset' && Number.isSafeInteger(id)) await datasetPage(page, rpc, id);
    else if (view === 'search' && arg) await searchPage(page, rpc, decodeURIComponent(arg));
    else if (view === 'verify') verifyPage(page, rpc);
    else if (view === 'drop') dropPage(page, rpc);
    else homePage(page);
  } catch (e) {
    page.replaceChildren(problem(`${(e as Error).message}. Is the node running at ${endpoint}? (Another node: add ?rpc=ws://host:port to the address.)`));
  }
  document.body.dataset.ready = location.hash || '#/';
}

window.addEventListener('hashchange', () => { void route(); });
void route();
