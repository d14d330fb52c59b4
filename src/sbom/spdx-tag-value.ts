/**
 * SPDX 2.x tag-value (SPDX 2.3 specification, clause 5 and annex on the tag-value format) into the JSON shape of
 * the same document, so that one schema check (spdx-schemas.ts) and one reader (spdx-reader.ts) serve JSON,
 * YAML and tag-value alike. Every value remembers its line, so schema and reference errors are located by line.
 *
 * Written here rather than taken from a library: no maintained JavaScript tag-value parser was available (the
 * SPDX project's own parsers are Java, Python and Go), and the grammar is small, one `Tag: value` per line with
 * `<text>…</text>` for values that span lines. What the format leaves to context (which element a tag belongs
 * to) follows the specification: an element's tags follow its first tag (`PackageName`, `FileName`,
 * `SnippetSPDXID`, `LicenseID`) until the next element starts.
 */
import type { InputIssue, Rejected } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";
import type { JsonObject } from "../json/value.js";

export interface TagValueDocument {
  value: JsonObject;
  /** The line of the value at a JSON pointer, or of its nearest ancestor that has one. */
  lineOf(pointer: string): number | undefined;
  /** Tags the reader does not know (kept out of the document): warnings, not errors. */
  warnings: InputIssue[];
}

export type TagValueRead = { ok: true; document: TagValueDocument } | Rejected;

type Section = "document" | "package" | "file" | "snippet" | "license";

/** Tags whose value is one string in the JSON shape, by section: tag -> JSON member. */
const SCALARS: Record<Section, Record<string, string>> = {
  document: {
    SPDXVersion: "spdxVersion",
    DataLicense: "dataLicense",
    SPDXID: "SPDXID",
    DocumentName: "name",
    DocumentNamespace: "documentNamespace",
    DocumentComment: "comment",
  },
  package: {
    PackageName: "name",
    SPDXID: "SPDXID",
    PackageVersion: "versionInfo",
    PackageFileName: "packageFileName",
    PackageSupplier: "supplier",
    PackageOriginator: "originator",
    PackageDownloadLocation: "downloadLocation",
    PackageHomePage: "homepage",
    PackageSourceInfo: "sourceInfo",
    PackageLicenseConcluded: "licenseConcluded",
    PackageLicenseDeclared: "licenseDeclared",
    PackageLicenseComments: "licenseComments",
    PackageCopyrightText: "copyrightText",
    PackageSummary: "summary",
    PackageDescription: "description",
    PackageComment: "comment",
    PrimaryPackagePurpose: "primaryPackagePurpose",
    ReleaseDate: "releaseDate",
    BuiltDate: "builtDate",
    ValidUntilDate: "validUntilDate",
  },
  file: {
    FileName: "fileName",
    SPDXID: "SPDXID",
    LicenseConcluded: "licenseConcluded",
    LicenseComments: "licenseComments",
    FileCopyrightText: "copyrightText",
    FileComment: "comment",
    FileNotice: "noticeText",
  },
  snippet: {
    SnippetSPDXID: "SPDXID",
    SnippetFromFileSPDXID: "snippetFromFile",
    SnippetLicenseConcluded: "licenseConcluded",
    SnippetLicenseComments: "licenseComments",
    SnippetCopyrightText: "copyrightText",
    SnippetComment: "comment",
    SnippetName: "name",
  },
  license: { LicenseID: "licenseId", ExtractedText: "extractedText", LicenseName: "name", LicenseComment: "comment" },
};

/** Tags whose values collect into a list of strings, by section. */
const LISTS: Record<Section, Record<string, string>> = {
  document: {},
  package: { PackageLicenseInfoFromFiles: "licenseInfoFromFiles", PackageAttributionText: "attributionTexts" },
  file: {
    FileType: "fileTypes",
    LicenseInfoInFile: "licenseInfoInFiles",
    FileContributor: "fileContributors",
    FileAttributionText: "attributionTexts",
    FileDependency: "fileDependencies",
  },
  snippet: { LicenseInfoInSnippet: "licenseInfoInSnippets", SnippetAttributionText: "attributionTexts" },
  license: { LicenseCrossReference: "seeAlsos" },
};

const STARTS: Record<string, { section: Section; list: string }> = {
  PackageName: { section: "package", list: "packages" },
  FileName: { section: "file", list: "files" },
  SnippetSPDXID: { section: "snippet", list: "snippets" },
  LicenseID: { section: "license", list: "hasExtractedLicensingInfos" },
};

const TAG_LINE = /^([A-Za-z][A-Za-z0-9]*):[ \t]?(.*)$/;

/** A value quoted for a message, never longer than a line of text: a hostile line can be megabytes. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

export function readTagValue(text: string): TagValueRead {
  const lines = text.split(/\r\n|\n|\r/);
  const doc: JsonObject = {};
  const lineAt = new Map<string, number>();
  const issues: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  let section: Section = "document";
  let element: JsonObject = doc;
  let elementPointer = "";
  const counts: Record<string, number> = {};
  let lastExternalRef: JsonObject | undefined;
  let lastRelationship: JsonObject | undefined;
  let annotation: { value: JsonObject; line: number; target?: string } | undefined;
  const annotations: { value: JsonObject; line: number; target?: string }[] = [];
  let review: JsonObject | undefined;
  // Files written after a package belong to it (2.2 clause 3, 2.3 clause 5.2.2): "hasFiles" in the JSON shape.
  let lastPackage: { value: JsonObject; pointer: string } | undefined;
  const containedFiles: { owner: { value: JsonObject; pointer: string }; file: JsonObject; line: number }[] = [];

  const mark = (pointer: string, line: number) => {
    if (!lineAt.has(pointer)) lineAt.set(pointer, line);
  };
  const push = (owner: JsonObject, ownerPointer: string, member: string, value: unknown, line: number): number => {
    let list = owner[member];
    if (!Array.isArray(list)) {
      list = [];
      owner[member] = list;
      mark(jsonPointer([member], ownerPointer), line);
    }
    const items = list as unknown[];
    items.push(value);
    mark(jsonPointer([member, items.length - 1], ownerPointer), line);
    return items.length - 1;
  };
  const creationInfo = (): JsonObject => {
    let info = doc.creationInfo as JsonObject | undefined;
    if (info === undefined) {
      info = {};
      doc.creationInfo = info;
    }
    return info;
  };
  const bad = (line: number, message: string) => issues.push({ line, column: 1, constraint: "tag-value", message });

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index] ?? "";
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const match = TAG_LINE.exec(raw);
    if (!match) {
      bad(lineNumber, `expected "Tag: value", found ${excerpt(raw.trim())}`);
      continue;
    }
    const tag = match[1] as string;
    let value = (match[2] as string).trim();
    // A <text> value runs to the matching </text>, possibly lines later (clause 5.1 of the 2.3 annex).
    if (value.startsWith("<text>")) {
      let body = value.slice("<text>".length);
      let end = body.indexOf("</text>");
      while (end === -1 && index + 1 < lines.length) {
        index++;
        body += `\n${lines[index] ?? ""}`;
        end = body.indexOf("</text>");
      }
      if (end === -1) {
        bad(lineNumber, `the <text> value of ${tag} is never closed with </text>`);
        break;
      }
      value = body.slice(0, end);
    }

    const start = STARTS[tag];
    if (start) {
      section = start.section;
      element = {};
      const position = counts[start.list] ?? 0;
      counts[start.list] = position + 1;
      push(doc, "", start.list, element, lineNumber);
      elementPointer = jsonPointer([start.list, position]);
      lastExternalRef = undefined;
      if (start.section === "package") lastPackage = { value: element, pointer: elementPointer };
      else if (start.section === "file" && lastPackage)
        containedFiles.push({ owner: lastPackage, file: element, line: lineNumber });
    }

    // Tags that are not properties of the current element.
    switch (tag) {
      case "Creator":
        push(creationInfo(), "/creationInfo", "creators", value, lineNumber);
        continue;
      case "Created":
        creationInfo().created = value;
        mark("/creationInfo/created", lineNumber);
        continue;
      case "CreatorComment":
        creationInfo().comment = value;
        continue;
      case "LicenseListVersion":
        creationInfo().licenseListVersion = value;
        mark("/creationInfo/licenseListVersion", lineNumber);
        continue;
      case "ExternalDocumentRef": {
        const parts = /^(\S+)\s+(\S+)\s+([A-Za-z0-9-]+):\s*(\S+)$/.exec(value);
        if (!parts) {
          bad(lineNumber, `ExternalDocumentRef must read "DocumentRef-<id> <document URI> SHA1: <checksum>"`);
          continue;
        }
        push(
          doc,
          "",
          "externalDocumentRefs",
          {
            externalDocumentId: parts[1],
            spdxDocument: parts[2],
            checksum: { algorithm: parts[3], checksumValue: parts[4] },
          },
          lineNumber,
        );
        continue;
      }
      case "Relationship": {
        const parts = value.split(/\s+/);
        if (parts.length !== 3) {
          bad(lineNumber, `Relationship must read "<SPDXID> <RELATIONSHIP_TYPE> <SPDXID>", found ${excerpt(value)}`);
          continue;
        }
        lastRelationship = { spdxElementId: parts[0], relationshipType: parts[1], relatedSpdxElement: parts[2] };
        push(doc, "", "relationships", lastRelationship, lineNumber);
        continue;
      }
      case "RelationshipComment":
        if (lastRelationship) lastRelationship.comment = value;
        else bad(lineNumber, "RelationshipComment comes before any Relationship");
        continue;
      case "Annotator":
        annotation = { value: { annotator: value }, line: lineNumber };
        annotations.push(annotation);
        continue;
      case "AnnotationDate":
      case "AnnotationType":
      case "AnnotationComment":
      case "SPDXREF": {
        if (!annotation) {
          bad(lineNumber, `${tag} comes before any Annotator`);
          continue;
        }
        if (tag === "SPDXREF") annotation.target = value;
        else
          annotation.value[
            tag === "AnnotationDate" ? "annotationDate" : tag === "AnnotationType" ? "annotationType" : "comment"
          ] = value;
        continue;
      }
      case "Reviewer":
        review = { reviewer: value };
        push(doc, "", "revieweds", review, lineNumber);
        continue;
      case "ReviewDate":
      case "ReviewComment":
        if (review) review[tag === "ReviewDate" ? "reviewDate" : "comment"] = value;
        else bad(lineNumber, `${tag} comes before any Reviewer`);
        continue;
    }

    const scalar = SCALARS[section][tag];
    if (scalar !== undefined) {
      if (element[scalar] !== undefined && !start) {
        bad(lineNumber, `${tag} is given twice for the same ${section}`);
        continue;
      }
      element[scalar] = value;
      mark(jsonPointer([scalar], elementPointer), lineNumber);
      continue;
    }
    const list = LISTS[section][tag];
    if (list !== undefined) {
      push(element, elementPointer, list, value, lineNumber);
      continue;
    }
    if (section === "package") {
      if (tag === "FilesAnalyzed") {
        element.filesAnalyzed = value === "true" ? true : value === "false" ? false : value;
        mark(jsonPointer(["filesAnalyzed"], elementPointer), lineNumber);
        continue;
      }
      if (tag === "PackageChecksum") {
        pushChecksum(element, elementPointer, value, lineNumber);
        continue;
      }
      if (tag === "PackageVerificationCode") {
        const parts = /^(\S+?)\s*(?:\((?:excludes:)?\s*([^)]*)\))?$/.exec(value);
        const code: JsonObject = { packageVerificationCodeValue: parts?.[1] ?? value };
        if (parts?.[2]) code.packageVerificationCodeExcludedFiles = parts[2].split(/\s*,\s*/).filter(Boolean);
        element.packageVerificationCode = code;
        mark(jsonPointer(["packageVerificationCode"], elementPointer), lineNumber);
        continue;
      }
      if (tag === "ExternalRef") {
        const parts = value.split(/\s+/);
        if (parts.length !== 3) {
          bad(lineNumber, `ExternalRef must read "<category> <type> <locator>", found ${excerpt(value)}`);
          continue;
        }
        lastExternalRef = { referenceCategory: parts[0], referenceType: parts[1], referenceLocator: parts[2] };
        push(element, elementPointer, "externalRefs", lastExternalRef, lineNumber);
        continue;
      }
      if (tag === "ExternalRefComment") {
        if (lastExternalRef) lastExternalRef.comment = value;
        else bad(lineNumber, "ExternalRefComment comes before any ExternalRef of this package");
        continue;
      }
    }
    if (section === "file" && tag === "FileChecksum") {
      pushChecksum(element, elementPointer, value, lineNumber);
      continue;
    }
    if (section === "snippet" && (tag === "SnippetByteRange" || tag === "SnippetLineRange")) {
      const parts = /^(\d+):(\d+)$/.exec(value);
      if (!parts) {
        bad(lineNumber, `${tag} must read "<start>:<end>", found ${excerpt(value)}`);
        continue;
      }
      const unit = tag === "SnippetByteRange" ? "offset" : "lineNumber";
      const reference = typeof element.snippetFromFile === "string" ? element.snippetFromFile : "";
      push(
        element,
        elementPointer,
        "ranges",
        {
          startPointer: { reference, [unit]: Number(parts[1]) },
          endPointer: { reference, [unit]: Number(parts[2]) },
        },
        lineNumber,
      );
      continue;
    }
    warnings.push({
      line: lineNumber,
      column: 1,
      constraint: "unknown-tag",
      message: `tag ${excerpt(tag)} is not an SPDX 2.x tag here (in a ${section} section); it was ignored`,
    });
  }

  for (const { owner, file, line } of containedFiles) {
    const id = file.SPDXID;
    // Tag-value has no hasFiles tag: these are the list's only entries, one per file element.
    if (typeof id === "string") push(owner.value, owner.pointer, "hasFiles", id, line);
  }

  // Annotations are written beside the element in tag-value, inside it in JSON (`annotations` of the element).
  for (const { value, line, target } of annotations) {
    if (target === undefined) {
      bad(line, "this annotation has no SPDXREF naming the element it annotates");
      continue;
    }
    const owner = findElement(doc, target);
    if (!owner) {
      bad(line, `the annotation's SPDXREF ${excerpt(target)} is no element of this document`);
      continue;
    }
    push(owner.value, owner.pointer, "annotations", value, line);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    document: {
      value: doc,
      warnings,
      lineOf(pointer) {
        let at = pointer;
        while (true) {
          const line = lineAt.get(at);
          if (line !== undefined) return line;
          if (at === "") return undefined;
          at = at.slice(0, at.lastIndexOf("/"));
        }
      },
    },
  };

  function pushChecksum(owner: JsonObject, ownerPointer: string, value: string, line: number): void {
    const parts = /^([A-Za-z0-9-]+):\s*(\S+)$/.exec(value);
    if (!parts) {
      bad(line, `a checksum must read "<ALGORITHM>: <hex value>", found ${excerpt(value)}`);
      return;
    }
    push(owner, ownerPointer, "checksums", { algorithm: parts[1], checksumValue: parts[2] }, line);
  }
}

function findElement(doc: JsonObject, id: string): { value: JsonObject; pointer: string } | undefined {
  if (doc.SPDXID === id) return { value: doc, pointer: "" };
  for (const list of ["packages", "files", "snippets"]) {
    const items = doc[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as JsonObject;
      if (item.SPDXID === id) return { value: item, pointer: jsonPointer([list, i]) };
    }
  }
  return undefined;
}
