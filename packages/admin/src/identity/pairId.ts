/** The merge page's id: the ordered pair `survivorId~mergedId` (the show route of the duplicates resource). */
export const pairId = (survivorId: string, mergedId: string) => `${survivorId}~${mergedId}`;
