import { PackSettings, readSettings } from "./settings";
import { registerCache } from "./caches";

const KEPT_SETTINGS = 16;
const interned = new Map<string, PackSettings>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => interned.clear());

/**
 * A reader of one policy's config into settings that are one object per distinct config: the SDK
 * gives each policy its own copy, and results derived per view and settings (see perView) are
 * shared across policies only when the settings are the same object. The SDK hands a policy a
 * fresh shallow copy of the same config on every call, so a repeat is told apart without
 * serialising it.
 */
export function settingsReader(): (config: Record<string, unknown>) => PackSettings {
  let last:
    { readonly config: Record<string, unknown>; readonly settings: PackSettings } | undefined;
  return (config) => {
    if (last === undefined || !shallowlyEqual(last.config, config))
      last = { config, settings: internedSettings(config) };
    return last.settings;
  };
}

function internedSettings(config: Record<string, unknown>): PackSettings {
  const key = JSON.stringify(config);
  let settings = interned.get(key);
  if (settings === undefined) {
    settings = readSettings(config);
    if (interned.size >= KEPT_SETTINGS) interned.delete(interned.keys().next().value as string);
    interned.set(key, settings);
  }
  return settings;
}

function shallowlyEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}
