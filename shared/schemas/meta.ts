/** How the schemas mark local-platform extensions for the OpenAPI (not re-exported). */

/** Marks a field as a local-platform extension in the OpenAPI (`x-ctfy-extension`). */
export const extension = (description: string) => ({
  description: `Extension (local platform, off with CTFY_EXTENSIONS=off): ${description}`,
  'x-ctfy-extension': true,
});
