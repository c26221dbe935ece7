// The lines of a reference that name the machine (kernel release, Node, runtime versions): a
// drift check compares semantics, so two machines of one kind agree whatever their patch levels.

// The head's OS and harness rows, and the version cell of each runtime row in the head's table.
const FACT_ROW = /^\| (OS|harness) \| .* \|$/;
const RUNTIME_ROW = /^(\| `[^`]+` \| )([^|]*)( \| \d+ \| \d+ \| \d+ \| \d+ \|)$/;

/** The text with machine facts replaced by a placeholder; everything else as it is. */
export const withoutMachineFacts = (text: string): string =>
  text.split('\n').map((line) => {
    if (FACT_ROW.test(line)) return line.replace(/^(\| \w+ \| ).*( \|)$/, '$1…$2');
    return line.replace(RUNTIME_ROW, '$1…$3');
  }).join('\n');
