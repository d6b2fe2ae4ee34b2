fn main() {
    for p in std::env::args().skip(1) {
        let r = ctg::workbook::read_in_process(
            std::path::Path::new(&p),
            &ctg::workbook::Limits::default(),
        );
        println!("{p}: {:?}", r.map(|w| w.sheets.len()));
    }
}
