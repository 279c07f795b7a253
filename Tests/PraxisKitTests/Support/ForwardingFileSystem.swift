import Foundation
@testable import PraxisKit

/// The disk, call for call: test file systems subclass it and override only what they watch or break.
class ForwardingFileSystem: FileSystem, @unchecked Sendable {
    let disk = DiskFileSystem()

    func read(_ path: String) throws -> Data { try disk.read(path) }
    func readStamped(_ path: String) throws -> (bytes: Data, stamp: SourceStamp?) { try disk.readStamped(path) }
    func sourceStamp(_ path: String) -> SourceStamp? { disk.sourceStamp(path) }
    func sourceStamps(_ names: [String], in folder: String) -> [SourceStamp?] { disk.sourceStamps(names, in: folder) }
    func folderStamp(_ path: String) -> SourceStamp? { disk.folderStamp(path) }
    func folderStamps(_ names: [String], in folder: String) -> [SourceStamp?] { disk.folderStamps(names, in: folder) }
    func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)? { try disk.readFolder(path) }
    func openForReading(_ path: String) throws -> any OpenedFile { try disk.openForReading(path) }
    func readMapped(_ path: String) throws -> Data { try disk.readMapped(path) }
    func scratchFile(in directory: String) throws -> any ScratchFile { try disk.scratchFile(in: directory) }
    func append(_ data: Data, to path: String) throws { try disk.append(data, to: path) }
    func walk(_ directory: String) throws -> [FileEntry] { try disk.walk(directory) }
    func kind(of path: String) -> FileEntry.Kind? { disk.kind(of: path) }
    func resolvingLinks(_ path: String) -> String { disk.resolvingLinks(path) }
    func list(_ directory: String) throws -> [String] { try disk.list(directory) }
    func sameVolume(_ first: String, _ second: String) -> Bool { disk.sameVolume(first, second) }
    func linkUnchanged(_ path: String, in directory: String, stamp: FileStamp, to destination: String) -> LinkOutcome {
        disk.linkUnchanged(path, in: directory, stamp: stamp, to: destination)
    }
    @discardableResult func write(_ data: Data, to path: String) throws -> FileStamp { try disk.write(data, to: path) }
    func createDirectory(_ path: String) throws { try disk.createDirectory(path) }
    func move(_ source: String, to destination: String) throws { try disk.move(source, to: destination) }
    func exchange(_ first: String, _ second: String) throws -> Bool { try disk.exchange(first, second) }
    func remove(_ path: String) throws { try disk.remove(path) }
}
