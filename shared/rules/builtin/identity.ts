/** The built-in pack's identity, apart from its data, so that naming it loads no rules. */
export const BUILTIN_PACK_ID = 'gatehouse-stride';
export const BUILTIN_PACK_VERSION = '1.0.0';
