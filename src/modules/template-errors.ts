/** Recognises an undefined-variable error from the templating layer without importing it. */
export const TemplateUndefinedError = {
  matches(e: Error): boolean {
    return (e as { undefinedName?: unknown }).undefinedName !== undefined || /is undefined/.test(e.message);
  },
};
