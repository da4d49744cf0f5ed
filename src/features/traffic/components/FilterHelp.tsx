const OPERATORS: [string, string][] = [
  ['text, "a b", \'x\'', 'regex on the URL (case-insensitive)'],
  ['~u regex', 'URL'],
  ['~m regex', 'method'],
  ['~c 404', 'response status code'],
  ['~d regex', 'domain (host)'],
  ['~h / ~hq / ~hs regex', 'any / request / response header ("Name: value")'],
  ['~b / ~bq / ~bs regex', 'any / request / response body, after content-decoding'],
  ['~t / ~tq / ~ts regex', 'content type'],
  ['~e', 'has an error (no response, upstream failure)'],
  ['~q / ~s', 'has no response / has a response'],
  ['~websocket / ~http', 'WebSocket flows / HTTP flows'],
  [
    '~flag',
    "ours, not mitmproxy's: a flag (the competition's flag pattern) in the URL, headers or bodies",
  ],
  ['!x   x & y   x y   x | y   ( )', 'not, and, and, or, grouping'],
];

/** A short reference of the filter language, folded away by default. */
export function FilterHelp() {
  return (
    <details className="mt-1 text-sm">
      <summary className="cursor-pointer text-indigo-800 underline-offset-2 hover:underline dark:text-indigo-300">
        Filter syntax
      </summary>
      <table className="mt-1 text-left">
        <caption className="sr-only">Filter operators</caption>
        <thead>
          <tr>
            <th scope="col" className="pr-4 font-medium">
              Expression
            </th>
            <th scope="col" className="font-medium">
              Matches
            </th>
          </tr>
        </thead>
        <tbody>
          {OPERATORS.map(([expr, meaning]) => (
            <tr key={expr}>
              <td className="pr-4 font-mono whitespace-pre">{expr}</td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
