/**
 * The per-site switch for hover previews. Kept apart from the settings schema so the popup can use it
 * without bundling zod.
 */

/** True when hover previews are switched off for this host (an entry `*.example.com` covers subdomains). */
export function isSiteDisabled(settings: { disabledSites: readonly string[] }, host: string): boolean {
  const lower = host.toLowerCase();
  return settings.disabledSites.some((site) =>
    site.startsWith('*.') ? lower === site.slice(2) || lower.endsWith(site.slice(1)) : lower === site,
  );
}

/** True when a hover card may open on this host: previews are on in general and not switched off for it. */
export function previewsOnFor(
  settings: { previewsEnabled: boolean; disabledSites: readonly string[] },
  host: string,
): boolean {
  return settings.previewsEnabled && !isSiteDisabled(settings, host);
}

/** The list of sites with `host` switched on (removed, with any wildcard covering it) or off (added). */
export function switchSite(disabledSites: readonly string[], host: string, previewsOn: boolean): string[] {
  const lower = host.toLowerCase();
  if (!previewsOn) return disabledSites.includes(lower) ? [...disabledSites] : [...disabledSites, lower];
  return disabledSites.filter((site) => !isSiteDisabled({ disabledSites: [site] }, lower));
}
