// Reads generated markup as XML (every fragment the page builds is well-formed), to query it with XPath in tests.
import { XmlDocument, type XmlNode } from 'libxml2-wasm';

/** Runs `use` on the fragment wrapped in a root element, then frees the document. Throws on malformed markup. */
export const withFragment = <T>(html: string, use: (doc: XmlDocument) => T): T => {
  const doc = XmlDocument.fromString(`<root>${html}</root>`);
  try {
    return use(doc);
  } finally {
    doc.dispose();
  }
};

/** The nodes an XPath finds (elements in the SVG namespace too: match them with local-name()). */
export const nodes = (doc: XmlDocument, xpath: string): XmlNode[] => doc.find(xpath);

/** One attribute of every node an XPath finds. */
export const attrs = (doc: XmlDocument, xpath: string): string[] => doc.find(xpath).map((n) => n.content);
