/**
 * The fields a PATCH body actually carries. DTO class fields exist on every instance (ES2022 class fields start as
 * undefined), so spreading a DTO over a row would blank out what the request never mentioned.
 */
export function definedFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}
