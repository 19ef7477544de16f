//! The size pass after linking (issue 6): binaryen's `wasm-opt -Oz` on the component's main core
//! module, then the component without its custom sections (`component-name`, `producers`).
//!
//! wasm-component-ld has already wrapped the module, so the pass works on the component's
//! binary: a component is a header and a flat list of sections (`id`, LEB128 size, payload), and
//! a core module is one such section (id 1) whose payload is the module's own binary. The
//! optimised module keeps every import and export name, which are all the component refers to.

use std::path::Path;

/// The section id of a core module inside a component.
const CORE_MODULE: u8 = 1;
/// The section id of a custom section: names and tool metadata, never needed to run.
const CUSTOM: u8 = 0;

/// One top-level section: its id and the byte range of its payload.
struct Section {
    id: u8,
    payload: std::ops::Range<usize>,
}

/// Optimises `component`'s largest core module for size and drops its top-level custom
/// sections. `work` is a directory for binaryen's input and output files.
pub fn shrink(component: &[u8], work: &Path) -> Vec<u8> {
    let sections = sections(component);
    let main = sections
        .iter()
        .filter(|s| s.id == CORE_MODULE)
        .max_by_key(|s| s.payload.len())
        .expect("the component has a core module");

    let (before, after) = (work.join("core.wasm"), work.join("core.opt.wasm"));
    std::fs::write(&before, &component[main.payload.clone()]).expect("write the core module");
    // The features rustc's wasm32-wasip2 target turns on (a stripped module does not list them).
    wasm_opt::OptimizationOptions::new_optimize_for_size_aggressively()
        .enable_feature(wasm_opt::Feature::BulkMemory)
        .enable_feature(wasm_opt::Feature::MutableGlobals)
        .enable_feature(wasm_opt::Feature::TruncSat)
        .enable_feature(wasm_opt::Feature::SignExt)
        .enable_feature(wasm_opt::Feature::Multivalue)
        .enable_feature(wasm_opt::Feature::ReferenceTypes)
        .run(&before, &after)
        .expect("wasm-opt failed on the core module");
    let optimised = std::fs::read(&after).expect("read the optimised core module");

    let mut out = component[..8].to_vec(); // magic and version
    for section in &sections {
        let payload = if std::ptr::eq(section, main) {
            &optimised[..]
        } else if section.id == CUSTOM {
            continue;
        } else {
            &component[section.payload.clone()]
        };
        out.push(section.id);
        write_leb128(&mut out, payload.len());
        out.extend_from_slice(payload);
    }
    out
}

/// The component's top-level sections, in order.
fn sections(bytes: &[u8]) -> Vec<Section> {
    assert!(
        bytes.len() >= 8 && bytes.starts_with(b"\0asm"),
        "not a wasm binary"
    );
    let mut sections = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        let (size, start) = read_leb128(bytes, at + 1);
        let payload = start..start + size;
        assert!(payload.end <= bytes.len(), "a section runs past the end");
        at = payload.end;
        sections.push(Section { id, payload });
    }
    sections
}

fn read_leb128(bytes: &[u8], mut at: usize) -> (usize, usize) {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = bytes[at];
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return (value, at);
        }
        shift += 7;
    }
}

fn write_leb128(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
