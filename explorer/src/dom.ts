// Small DOM helpers: elements from tag, attributes and children; text is always escaped.

type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const link = (href: string, text: string | number) => el('a', { href }, String(text));
export const modelLink = (id: number) => link(`#/model/${id}`, `model ${id}`);
export const datasetLink = (id: number) => link(`#/dataset/${id}`, `dataset ${id}`);
export const mono = (text: string) => el('code', {}, text);
export const status = (value: string) => el('span', { class: `status status-${value}`, 'data-status': value }, value);

/** A two-column table of labels and values. */
export function facts(rows: [string, Child][]): HTMLTableElement {
  return el('table', { class: 'facts' }, ...rows.map(([label, value]) => el('tr', {}, el('th', {}, label), el('td', {}, value))));
}

/** A table with a header row. */
export function table(headers: string[], rows: Child[][], attributes: Record<string, string> = {}): HTMLTableElement {
  return el('table', attributes,
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))));
}

/** An error in words, for the page. */
export function problem(message: string): HTMLElement {
  return el('p', { class: 'error', role: 'alert' }, message);
}

export function loading(what: string): HTMLElement {
  return el('p', { class: 'loading' }, `Loading ${what}…`);
}

/** Planck (12 decimals) as PROV. */
export function prov(planck: string | bigint): string {
  const value = BigInt(planck);
  const unit = 10n ** 12n;
  const fraction = (value % unit).toString().padStart(12, '0').replace(/0+$/, '');
  return `${value / unit}${fraction ? `.${fraction}` : ''} PROV`;
}
