//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension UnsafeMutableBufferPointer {
    /// Sorts the elements in place, stably: for the few members of one object, where it beats
    /// the standard library's sort and needs no memory.
    @inline(__always)
    func insertionSort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        guard count > 1 else { return }
        for index in 1..<count {
            let element = self[index]
            var position = index
            while position > 0, areInIncreasingOrder(element, self[position - 1]) {
                self[position] = self[position - 1]
                position -= 1
            }
            self[position] = element
        }
    }
}
