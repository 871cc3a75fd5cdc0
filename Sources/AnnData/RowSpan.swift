/// One chosen row: its number, and for CSR where its entries start and how many there are.
struct RowSpan {
    var row: Int
    var start: Int
    var length: Int
}
