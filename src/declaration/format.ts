/** The declaration's format name, apart from its zod schema so the CLI help can name it without loading zod. */
export const DECLARATION_FORMAT = "cra-declaration/1";
