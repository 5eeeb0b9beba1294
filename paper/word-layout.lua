-- Word: tables keep their columns' alignment, and figures fit the cell they are put in.
--
-- Quarto puts each captioned table and figure in Word into a one-cell layout table.
-- * The cell is aligned like the float's tbl-align or fig-align, and pandoc's Word writer
--   gives that alignment to every paragraph inside, after a table column's own, so that it
--   wins: numbers would be left-aligned. A cell with the default alignment leaves the
--   columns theirs.
-- * A figure made for the full text width is wider than the cell, whose margins take a
--   little of it, and LibreOffice cuts off its right edge. FIGURE_WIDTH keeps it inside.

local FIGURE_WIDTH = "97%"

local function holds(blocks, kind)
  local found = false
  pandoc.walk_block(pandoc.Div(blocks), {
    [kind] = function(_)
      found = true
    end,
  })
  return found
end

local function fit_images(blocks)
  return pandoc.walk_block(pandoc.Div(blocks), {
    Image = function(image)
      if image.attributes["width"] == nil then
        image.attributes["width"] = FIGURE_WIDTH
        return image
      end
    end,
  }).content
end

function Table(tbl)
  if #tbl.colspecs ~= 1 then
    return nil
  end
  local changed, wraps_table = false, false
  local bodies = tbl.bodies
  for b, body in ipairs(bodies) do
    local rows = body.body
    for r, row in ipairs(rows) do
      local cells = row.cells
      for c, cell in ipairs(cells) do
        if holds(cell.contents, "Table") then
          cell.alignment = pandoc.AlignDefault
          changed, wraps_table = true, true
        elseif holds(cell.contents, "Image") then
          cell.contents = fit_images(cell.contents)
          changed = true
        end
        cells[c] = cell
      end
      row.cells = cells
      rows[r] = row
    end
    body.body = rows
    bodies[b] = body
  end
  if not changed then
    return nil
  end
  tbl.bodies = bodies
  if wraps_table then
    local specs = tbl.colspecs
    specs[1] = { pandoc.AlignDefault, specs[1][2] }
    tbl.colspecs = specs
  end
  return tbl
end
