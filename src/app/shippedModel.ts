/** Where the shipped model lives, relative to the page. */
export const SHIPPED_MODEL = `${import.meta.env.BASE_URL}models/tinyseek/`;
