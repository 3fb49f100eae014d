/**
 * `?next=` targets that look local but that URL normalisation (dot segments, `%2e`), browsers
 * (`\` is `/`, tab/CR/LF are dropped) or a decoding hop turn into `//evil.example/…`.
 */
export const openRedirectVariants = [
  '/.//evil.example/x',
  '/..//evil.example/x',
  '/a/..//evil.example/x',
  '/a/b/../..//evil.example/x',
  '/././/evil.example/x',
  '/%2e//evil.example/x',
  '/%2e%2e//evil.example/x',
  '/%2E%2E//evil.example/x',
  '/.%2e//evil.example/x',
  '/a/%2e%2e//evil.example/x',
  '/.%2f/evil.example/x',
  '/.%2F%2Fevil.example/x',
  '/%2e%2f%2fevil.example/x',
  '/..%2f%2fevil.example/x',
  '/.\\/evil.example/x',
  '/./\\evil.example/x',
  '/.%5c/evil.example/x',
  '/..%5Cevil.example/x',
  '/.\t//evil.example/x',
  '/./\n/evil.example/x',
  '/.%09//evil.example/x',
  '/.%0a//evil.example/x',
  '/%252e%252e//evil.example/x',
  '/.%252f/evil.example/x',
  '/a/%2e./%2F/evil.example/x',
  '/./%2e%2e/.//evil.example/x',
  '/.%2f%5c/evil.example/x',
];
