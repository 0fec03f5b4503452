// What window.open / target="_blank" of our renderer may open (issue 13 item 7): only URLs the app itself made,
// listed here, and only in the user's own browser — never inside the app. Everything else is denied.
//
// The allow-list is empty today: the renderer builds no external link (downloads go through files:saveAs and the
// native save dialog; the data and log folders open from the menu through shell.openPath). A help link added to
// the UI is added here exactly as the renderer writes it (https only); matching is on the whole normalised URL,
// so no prefix, user-info, query or look-alike host slips through.
export const EXTERNAL_LINKS: readonly string[] = [];

/** The URL to hand to the user's browser, or null when it is not on the allow-list. */
export function allowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_LINKS): string | null {
  let href: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username !== '' || u.password !== '') return null;
    href = u.href;
  } catch {
    return null;
  }
  return allowList.some((entry) => new URL(entry).href === href) ? href : null;
}
